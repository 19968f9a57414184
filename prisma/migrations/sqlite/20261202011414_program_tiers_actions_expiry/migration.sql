-- AlterTable
ALTER TABLE "order_record" ADD COLUMN "address_hash" TEXT;

-- AlterTable
ALTER TABLE "reward" ADD COLUMN "tier_id" INTEGER;

-- CreateTable
CREATE TABLE "tier" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "multiplier_bps" INTEGER NOT NULL DEFAULT 10000,
    "entry_reward_points" INTEGER NOT NULL DEFAULT 0,
    "free_shipping" BOOLEAN NOT NULL DEFAULT false,
    "grace_days" INTEGER NOT NULL DEFAULT 0,
    "archived_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "tier_change" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customer_gid" TEXT NOT NULL,
    "from_tier_id" INTEGER,
    "to_tier_id" INTEGER,
    "reason" TEXT NOT NULL,
    "caused_by" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "earning_action" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config_json" TEXT NOT NULL DEFAULT '{}',
    "position" INTEGER NOT NULL DEFAULT 0,
    "archived_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "referral" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "referrer_gid" TEXT NOT NULL,
    "friend_email" TEXT NOT NULL,
    "friend_gid" TEXT,
    "code" TEXT NOT NULL,
    "discount_gid" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "order_gid" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "excluded_product" (
    "shop" TEXT NOT NULL,
    "product_gid" TEXT NOT NULL,

    PRIMARY KEY ("shop", "product_gid")
);

-- CreateTable
CREATE TABLE "program_event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customer_gid" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "payload_json" TEXT NOT NULL DEFAULT '{}',
    "due_at" DATETIME NOT NULL,
    "handled_at" DATETIME,
    "created_at" DATETIME NOT NULL
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
    "rewards_seeded_at" DATETIME,
    "return_expired_codes" BOOLEAN NOT NULL DEFAULT false,
    "excluded_product_tags" TEXT NOT NULL DEFAULT '',
    "excluded_collections" TEXT NOT NULL DEFAULT '',
    "exclusions_synced_at" DATETIME,
    "tier_basis" TEXT NOT NULL DEFAULT 'spend',
    "tier_window" TEXT NOT NULL DEFAULT 'rolling_12m',
    "tiers_seeded_at" DATETIME,
    "tiers_evaluated_at" DATETIME,
    "actions_seeded_at" DATETIME,
    "expiry_mode" TEXT NOT NULL DEFAULT 'off',
    "expiry_months" INTEGER NOT NULL DEFAULT 12,
    "expiry_reminder_days" INTEGER NOT NULL DEFAULT 14,
    "expiry_evaluated_at" DATETIME,
    "actions_api_token" TEXT,
    "installed_at" DATETIME,
    "uninstalled_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);
INSERT INTO "new_shop" ("award_historic_points", "contact_email", "created_at", "currency", "domain", "earn_on_test_orders", "earn_per_major_units", "earn_points", "facts_synced_at", "installed_at", "name", "plan_name", "primary_domain", "reconciled_until", "return_expired_codes", "rewards_seeded_at", "shop_gid", "status", "timezone", "uninstalled_at", "updated_at") SELECT "award_historic_points", "contact_email", "created_at", "currency", "domain", "earn_on_test_orders", "earn_per_major_units", "earn_points", "facts_synced_at", "installed_at", "name", "plan_name", "primary_domain", "reconciled_until", "return_expired_codes", "rewards_seeded_at", "shop_gid", "status", "timezone", "uninstalled_at", "updated_at" FROM "shop";
DROP TABLE "shop";
ALTER TABLE "new_shop" RENAME TO "shop";
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
    "joined_at" DATETIME NOT NULL,
    "retired_at" DATETIME,
    "redacted_at" DATETIME
);
INSERT INTO "new_member" ("balance", "customer_gid", "email", "first_name", "id", "joined_at", "last_name", "locale", "marketing_consent", "merged_into_gid", "profile_updated_at", "redacted_at", "retired_at", "shop", "status", "tags") SELECT "balance", "customer_gid", "email", "first_name", "id", "joined_at", "last_name", "locale", "marketing_consent", "merged_into_gid", "profile_updated_at", "redacted_at", "retired_at", "shop", "status", "tags" FROM "member";
DROP TABLE "member";
ALTER TABLE "new_member" RENAME TO "member";
CREATE INDEX "member_shop_email_idx" ON "member"("shop", "email");
CREATE INDEX "member_shop_tier_id_idx" ON "member"("shop", "tier_id");
CREATE INDEX "member_shop_balance_idx" ON "member"("shop", "balance");
CREATE INDEX "member_shop_spent_minor_idx" ON "member"("shop", "spent_minor");
CREATE UNIQUE INDEX "member_shop_customer_gid_key" ON "member"("shop", "customer_gid");
CREATE UNIQUE INDEX "member_shop_referral_code_key" ON "member"("shop", "referral_code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "tier_shop_threshold_idx" ON "tier"("shop", "threshold");

-- CreateIndex
CREATE INDEX "tier_change_shop_customer_gid_id_idx" ON "tier_change"("shop", "customer_gid", "id");

-- CreateIndex
CREATE INDEX "tier_change_shop_created_at_idx" ON "tier_change"("shop", "created_at");

-- CreateIndex
CREATE INDEX "earning_action_shop_kind_idx" ON "earning_action"("shop", "kind");

-- CreateIndex
CREATE INDEX "referral_shop_referrer_gid_idx" ON "referral"("shop", "referrer_gid");

-- CreateIndex
CREATE UNIQUE INDEX "referral_shop_friend_email_key" ON "referral"("shop", "friend_email");

-- CreateIndex
CREATE UNIQUE INDEX "referral_shop_code_key" ON "referral"("shop", "code");

-- CreateIndex
CREATE INDEX "program_event_shop_handled_at_due_at_idx" ON "program_event"("shop", "handled_at", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "program_event_shop_dedupe_key_key" ON "program_event"("shop", "dedupe_key");

