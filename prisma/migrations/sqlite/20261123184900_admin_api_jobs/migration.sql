-- CreateTable
CREATE TABLE "job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "cursor_json" TEXT NOT NULL DEFAULT '{}',
    "progress_json" TEXT NOT NULL DEFAULT '{}',
    "run_after" DATETIME NOT NULL,
    "locked_until" DATETIME,
    "locked_by" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "finished_at" DATETIME
);

-- CreateTable
CREATE TABLE "reconciliation_report" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "since" TEXT,
    "until" TEXT NOT NULL,
    "orders_checked" INTEGER NOT NULL,
    "orders_repaired" INTEGER NOT NULL,
    "repaired_json" TEXT NOT NULL DEFAULT '[]',
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "metafield_sync" (
    "shop" TEXT NOT NULL,
    "customer_gid" TEXT NOT NULL,
    "dirty_at" TEXT NOT NULL,

    PRIMARY KEY ("shop", "customer_gid")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "currency" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "status" TEXT NOT NULL DEFAULT 'active',
    "shop_gid" TEXT,
    "plan_name" TEXT,
    "contact_email" TEXT,
    "primary_domain" TEXT,
    "facts_synced_at" DATETIME,
    "award_historic_points" BOOLEAN NOT NULL DEFAULT false,
    "reconciled_until" TEXT,
    "earn_points" INTEGER NOT NULL DEFAULT 1,
    "earn_per_major_units" INTEGER NOT NULL DEFAULT 1,
    "earn_on_test_orders" BOOLEAN NOT NULL DEFAULT false,
    "installed_at" DATETIME,
    "uninstalled_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);
INSERT INTO "new_shop" ("created_at", "currency", "domain", "earn_on_test_orders", "earn_per_major_units", "earn_points", "installed_at", "name", "status", "timezone", "uninstalled_at", "updated_at") SELECT "created_at", "currency", "domain", "earn_on_test_orders", "earn_per_major_units", "earn_points", "installed_at", "name", "status", "timezone", "uninstalled_at", "updated_at" FROM "shop";
DROP TABLE "shop";
ALTER TABLE "new_shop" RENAME TO "shop";
CREATE TABLE "new_order_record" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "order_gid" TEXT NOT NULL,
    "name" TEXT,
    "customer_gid" TEXT,
    "customer_email" TEXT,
    "currency" TEXT,
    "processed_at" TEXT,
    "order_updated_at" TEXT,
    "source_name" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "historic" BOOLEAN NOT NULL DEFAULT false,
    "paid" BOOLEAN NOT NULL DEFAULT false,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "taxes_included" BOOLEAN NOT NULL DEFAULT false,
    "total_price_minor" INTEGER,
    "presentment_currency" TEXT,
    "presentment_total_minor" INTEGER,
    "lines_json" TEXT,
    "refunds_json" TEXT NOT NULL DEFAULT '[]',
    "discount_codes_json" TEXT NOT NULL DEFAULT '[]',
    "checkout_token" TEXT,
    "multiplier_bps" INTEGER,
    "net_eligible_minor" INTEGER NOT NULL DEFAULT 0,
    "posted_lines_json" TEXT NOT NULL DEFAULT '{}',
    "points_posted" INTEGER NOT NULL DEFAULT 0,
    "entry_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);
INSERT INTO "new_order_record" ("cancelled", "checkout_token", "created_at", "currency", "customer_email", "customer_gid", "deleted", "discount_codes_json", "entry_count", "id", "lines_json", "multiplier_bps", "name", "net_eligible_minor", "order_gid", "order_updated_at", "paid", "points_posted", "posted_lines_json", "presentment_currency", "presentment_total_minor", "processed_at", "refunds_json", "shop", "source_name", "taxes_included", "test", "total_price_minor", "updated_at") SELECT "cancelled", "checkout_token", "created_at", "currency", "customer_email", "customer_gid", "deleted", "discount_codes_json", "entry_count", "id", "lines_json", "multiplier_bps", "name", "net_eligible_minor", "order_gid", "order_updated_at", "paid", "points_posted", "posted_lines_json", "presentment_currency", "presentment_total_minor", "processed_at", "refunds_json", "shop", "source_name", "taxes_included", "test", "total_price_minor", "updated_at" FROM "order_record";
DROP TABLE "order_record";
ALTER TABLE "new_order_record" RENAME TO "order_record";
CREATE INDEX "order_record_shop_customer_gid_idx" ON "order_record"("shop", "customer_gid");
CREATE UNIQUE INDEX "order_record_shop_order_gid_key" ON "order_record"("shop", "order_gid");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "job_status_run_after_idx" ON "job"("status", "run_after");

-- CreateIndex
CREATE INDEX "job_shop_kind_idx" ON "job"("shop", "kind");

-- CreateIndex
CREATE INDEX "reconciliation_report_shop_created_at_idx" ON "reconciliation_report"("shop", "created_at");

-- CreateIndex
CREATE INDEX "metafield_sync_shop_dirty_at_idx" ON "metafield_sync"("shop", "dirty_at");

