-- AlterTable
ALTER TABLE "shop" ADD COLUMN     "flows_seeded_at" TIMESTAMP(3),
ADD COLUMN     "mail_from" TEXT,
ADD COLUMN     "postal_address" TEXT,
ADD COLUMN     "quiet_end_minute" INTEGER,
ADD COLUMN     "quiet_start_minute" INTEGER;

-- AlterTable
ALTER TABLE "member" ADD COLUMN     "cadence_days" INTEGER,
ADD COLUMN     "last_order_at" TIMESTAMP(3),
ADD COLUMN     "paid_orders" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "winback_due_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "checkout" ADD COLUMN     "buyer_accepts_marketing" BOOLEAN,
ADD COLUMN     "flow_check_at" TIMESTAMP(3),
ADD COLUMN     "flow_state" TEXT,
ADD COLUMN     "locale" TEXT;

-- CreateTable
CREATE TABLE "flow" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "steps_json" TEXT NOT NULL DEFAULT '[]',
    "settings_json" TEXT NOT NULL DEFAULT '{}',
    "holdout_pct" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "flow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow_run" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "flow_kind" TEXT NOT NULL,
    "shopper_key" TEXT NOT NULL,
    "active_key" TEXT,
    "customer_gid" TEXT,
    "email" TEXT,
    "checkout_token" TEXT,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'active',
    "stop_reason" TEXT,
    "locale" TEXT,
    "context_json" TEXT NOT NULL DEFAULT '{}',
    "anchor_at" TIMESTAMP(3) NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "ended_at" TIMESTAMP(3),
    "dedupe_key" TEXT NOT NULL,

    CONSTRAINT "flow_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow_message" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "run_id" INTEGER,
    "flow_kind" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "customer_gid" TEXT,
    "email" TEXT,
    "marketing" BOOLEAN NOT NULL DEFAULT true,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "skip_reason" TEXT,
    "due_at" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "claimed_by" TEXT,
    "claimed_at" TIMESTAMP(3),
    "sent_at" TIMESTAMP(3),
    "smtp_message_id" TEXT,
    "code" TEXT,
    "redemption_id" INTEGER,
    "tracking_token" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "flow_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow_click" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "message_id" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "flow_click_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow_conversion" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "flow_kind" TEXT NOT NULL,
    "run_id" INTEGER NOT NULL,
    "message_id" INTEGER,
    "order_gid" TEXT NOT NULL,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "via" TEXT NOT NULL,
    "revenue_minor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "ordered_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "flow_conversion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mail_suppression" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "customer_gid" TEXT,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "consent_synced_at" TIMESTAMP(3),
    "consent_error" TEXT,

    CONSTRAINT "mail_suppression_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "flow_shop_kind_key" ON "flow"("shop", "kind");

-- CreateIndex
CREATE INDEX "flow_run_shop_customer_gid_idx" ON "flow_run"("shop", "customer_gid");

-- CreateIndex
CREATE INDEX "flow_run_shop_email_idx" ON "flow_run"("shop", "email");

-- CreateIndex
CREATE INDEX "flow_run_shop_flow_kind_started_at_idx" ON "flow_run"("shop", "flow_kind", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "flow_run_shop_dedupe_key_key" ON "flow_run"("shop", "dedupe_key");

-- CreateIndex
CREATE UNIQUE INDEX "flow_run_shop_flow_kind_active_key_key" ON "flow_run"("shop", "flow_kind", "active_key");

-- CreateIndex
CREATE INDEX "flow_message_status_due_at_idx" ON "flow_message"("status", "due_at");

-- CreateIndex
CREATE INDEX "flow_message_shop_run_id_idx" ON "flow_message"("shop", "run_id");

-- CreateIndex
CREATE INDEX "flow_message_shop_customer_gid_sent_at_idx" ON "flow_message"("shop", "customer_gid", "sent_at");

-- CreateIndex
CREATE INDEX "flow_message_shop_email_sent_at_idx" ON "flow_message"("shop", "email", "sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "flow_message_shop_dedupe_key_key" ON "flow_message"("shop", "dedupe_key");

-- CreateIndex
CREATE UNIQUE INDEX "flow_message_tracking_token_key" ON "flow_message"("tracking_token");

-- CreateIndex
CREATE INDEX "flow_click_shop_message_id_idx" ON "flow_click"("shop", "message_id");

-- CreateIndex
CREATE INDEX "flow_conversion_shop_flow_kind_ordered_at_idx" ON "flow_conversion"("shop", "flow_kind", "ordered_at");

-- CreateIndex
CREATE UNIQUE INDEX "flow_conversion_shop_flow_kind_order_gid_key" ON "flow_conversion"("shop", "flow_kind", "order_gid");

-- CreateIndex
CREATE INDEX "mail_suppression_consent_synced_at_idx" ON "mail_suppression"("consent_synced_at");

-- CreateIndex
CREATE UNIQUE INDEX "mail_suppression_shop_email_key" ON "mail_suppression"("shop", "email");

-- CreateIndex
CREATE INDEX "member_winback_due_at_idx" ON "member"("winback_due_at");

-- CreateIndex
CREATE INDEX "checkout_flow_check_at_idx" ON "checkout"("flow_check_at");

-- CreateIndex
CREATE INDEX "program_event_handled_at_due_at_idx" ON "program_event"("handled_at", "due_at");

