-- AlterTable
ALTER TABLE "shop" ADD COLUMN     "award_historic_points" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "contact_email" TEXT,
ADD COLUMN     "facts_synced_at" TIMESTAMP(3),
ADD COLUMN     "plan_name" TEXT,
ADD COLUMN     "primary_domain" TEXT,
ADD COLUMN     "reconciled_until" TEXT,
ADD COLUMN     "shop_gid" TEXT;

-- AlterTable
ALTER TABLE "order_record" ADD COLUMN     "historic" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "job" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "cursor_json" TEXT NOT NULL DEFAULT '{}',
    "progress_json" TEXT NOT NULL DEFAULT '{}',
    "run_after" TIMESTAMP(3) NOT NULL,
    "locked_until" TIMESTAMP(3),
    "locked_by" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_report" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "since" TEXT,
    "until" TEXT NOT NULL,
    "orders_checked" INTEGER NOT NULL,
    "orders_repaired" INTEGER NOT NULL,
    "repaired_json" TEXT NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "reconciliation_report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metafield_sync" (
    "shop" TEXT NOT NULL,
    "customer_gid" TEXT NOT NULL,
    "dirty_at" TEXT NOT NULL,

    CONSTRAINT "metafield_sync_pkey" PRIMARY KEY ("shop","customer_gid")
);

-- CreateIndex
CREATE INDEX "job_status_run_after_idx" ON "job"("status", "run_after");

-- CreateIndex
CREATE INDEX "job_shop_kind_idx" ON "job"("shop", "kind");

-- CreateIndex
CREATE INDEX "reconciliation_report_shop_created_at_idx" ON "reconciliation_report"("shop", "created_at");

-- CreateIndex
CREATE INDEX "metafield_sync_shop_dirty_at_idx" ON "metafield_sync"("shop", "dirty_at");

