-- AlterTable
ALTER TABLE "shop" ADD COLUMN "flows_seeded_at" DATETIME;
ALTER TABLE "shop" ADD COLUMN "mail_from" TEXT;
ALTER TABLE "shop" ADD COLUMN "postal_address" TEXT;
ALTER TABLE "shop" ADD COLUMN "quiet_end_minute" INTEGER;
ALTER TABLE "shop" ADD COLUMN "quiet_start_minute" INTEGER;

-- AlterTable
ALTER TABLE "checkout" ADD COLUMN "buyer_accepts_marketing" BOOLEAN;
ALTER TABLE "checkout" ADD COLUMN "flow_check_at" DATETIME;
ALTER TABLE "checkout" ADD COLUMN "flow_state" TEXT;
ALTER TABLE "checkout" ADD COLUMN "locale" TEXT;

-- CreateTable
CREATE TABLE "flow" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "steps_json" TEXT NOT NULL DEFAULT '[]',
    "settings_json" TEXT NOT NULL DEFAULT '{}',
    "holdout_pct" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "flow_run" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "anchor_at" DATETIME NOT NULL,
    "started_at" DATETIME NOT NULL,
    "ended_at" DATETIME,
    "dedupe_key" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "flow_message" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "due_at" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "claimed_by" TEXT,
    "claimed_at" DATETIME,
    "sent_at" DATETIME,
    "smtp_message_id" TEXT,
    "code" TEXT,
    "redemption_id" INTEGER,
    "tracking_token" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "flow_click" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "message_id" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "flow_conversion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "flow_kind" TEXT NOT NULL,
    "run_id" INTEGER NOT NULL,
    "message_id" INTEGER,
    "order_gid" TEXT NOT NULL,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "via" TEXT NOT NULL,
    "revenue_minor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "ordered_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "mail_suppression" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "customer_gid" TEXT,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "consent_synced_at" DATETIME,
    "consent_error" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_member" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customer_gid" TEXT NOT NULL,
    "email" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "marketing_consent" TEXT,
    "locale" TEXT,
    "tags" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "merged_into_gid" TEXT,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "tier_id" INTEGER,
    "tier_since" DATETIME,
    "tier_value" INTEGER NOT NULL DEFAULT 0,
    "spent_minor" INTEGER NOT NULL DEFAULT 0,
    "grace_until" DATETIME,
    "override_tier_id" INTEGER,
    "override_reason" TEXT,
    "override_until" DATETIME,
    "override_by" TEXT,
    "birthday" TEXT,
    "referral_code" TEXT,
    "referred_by" TEXT,
    "profile_updated_at" TEXT,
    "last_order_at" DATETIME,
    "paid_orders" INTEGER NOT NULL DEFAULT 0,
    "cadence_days" INTEGER,
    "winback_due_at" DATETIME,
    "joined_at" DATETIME NOT NULL,
    "retired_at" DATETIME,
    "redacted_at" DATETIME
);
INSERT INTO "new_member" ("balance", "birthday", "customer_gid", "email", "first_name", "grace_until", "id", "joined_at", "last_name", "locale", "marketing_consent", "merged_into_gid", "override_by", "override_reason", "override_tier_id", "override_until", "profile_updated_at", "redacted_at", "referral_code", "referred_by", "retired_at", "shop", "spent_minor", "status", "tags", "tier_id", "tier_since", "tier_value") SELECT "balance", "birthday", "customer_gid", "email", "first_name", "grace_until", "id", "joined_at", "last_name", "locale", "marketing_consent", "merged_into_gid", "override_by", "override_reason", "override_tier_id", "override_until", "profile_updated_at", "redacted_at", "referral_code", "referred_by", "retired_at", "shop", "spent_minor", "status", "tags", "tier_id", "tier_since", "tier_value" FROM "member";
DROP TABLE "member";
ALTER TABLE "new_member" RENAME TO "member";
CREATE INDEX "member_shop_email_idx" ON "member"("shop", "email");
CREATE INDEX "member_shop_tier_id_idx" ON "member"("shop", "tier_id");
CREATE INDEX "member_shop_balance_idx" ON "member"("shop", "balance");
CREATE INDEX "member_shop_spent_minor_idx" ON "member"("shop", "spent_minor");
CREATE INDEX "member_winback_due_at_idx" ON "member"("winback_due_at");
CREATE UNIQUE INDEX "member_shop_customer_gid_key" ON "member"("shop", "customer_gid");
CREATE UNIQUE INDEX "member_shop_referral_code_key" ON "member"("shop", "referral_code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
CREATE INDEX "checkout_flow_check_at_idx" ON "checkout"("flow_check_at");

-- CreateIndex
CREATE INDEX "program_event_handled_at_due_at_idx" ON "program_event"("handled_at", "due_at");

