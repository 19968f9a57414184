-- AlterTable
ALTER TABLE "shop" ADD COLUMN     "actions_api_token" TEXT,
ADD COLUMN     "actions_seeded_at" TIMESTAMP(3),
ADD COLUMN     "excluded_collections" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "excluded_product_tags" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "exclusions_synced_at" TIMESTAMP(3),
ADD COLUMN     "expiry_evaluated_at" TIMESTAMP(3),
ADD COLUMN     "expiry_mode" TEXT NOT NULL DEFAULT 'off',
ADD COLUMN     "expiry_months" INTEGER NOT NULL DEFAULT 12,
ADD COLUMN     "expiry_reminder_days" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "tier_basis" TEXT NOT NULL DEFAULT 'spend',
ADD COLUMN     "tier_window" TEXT NOT NULL DEFAULT 'rolling_12m',
ADD COLUMN     "tiers_evaluated_at" TIMESTAMP(3),
ADD COLUMN     "tiers_seeded_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "member" ADD COLUMN     "birthday" TEXT,
ADD COLUMN     "grace_until" TIMESTAMP(3),
ADD COLUMN     "override_by" TEXT,
ADD COLUMN     "override_reason" TEXT,
ADD COLUMN     "override_tier_id" INTEGER,
ADD COLUMN     "override_until" TIMESTAMP(3),
ADD COLUMN     "referral_code" TEXT,
ADD COLUMN     "referred_by" TEXT,
ADD COLUMN     "spent_minor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tier_id" INTEGER,
ADD COLUMN     "tier_since" TIMESTAMP(3),
ADD COLUMN     "tier_value" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "order_record" ADD COLUMN     "address_hash" TEXT;

-- AlterTable
ALTER TABLE "reward" ADD COLUMN     "tier_id" INTEGER;

-- CreateTable
CREATE TABLE "tier" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "multiplier_bps" INTEGER NOT NULL DEFAULT 10000,
    "entry_reward_points" INTEGER NOT NULL DEFAULT 0,
    "free_shipping" BOOLEAN NOT NULL DEFAULT false,
    "grace_days" INTEGER NOT NULL DEFAULT 0,
    "archived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tier_change" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "customer_gid" TEXT NOT NULL,
    "from_tier_id" INTEGER,
    "to_tier_id" INTEGER,
    "reason" TEXT NOT NULL,
    "caused_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tier_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "earning_action" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config_json" TEXT NOT NULL DEFAULT '{}',
    "position" INTEGER NOT NULL DEFAULT 0,
    "archived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "earning_action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "referrer_gid" TEXT NOT NULL,
    "friend_email" TEXT NOT NULL,
    "friend_gid" TEXT,
    "code" TEXT NOT NULL,
    "discount_gid" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "order_gid" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "excluded_product" (
    "shop" TEXT NOT NULL,
    "product_gid" TEXT NOT NULL,

    CONSTRAINT "excluded_product_pkey" PRIMARY KEY ("shop","product_gid")
);

-- CreateTable
CREATE TABLE "program_event" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "customer_gid" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "payload_json" TEXT NOT NULL DEFAULT '{}',
    "due_at" TIMESTAMP(3) NOT NULL,
    "handled_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "program_event_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "member_shop_tier_id_idx" ON "member"("shop", "tier_id");

-- CreateIndex
CREATE INDEX "member_shop_balance_idx" ON "member"("shop", "balance");

-- CreateIndex
CREATE INDEX "member_shop_spent_minor_idx" ON "member"("shop", "spent_minor");

-- CreateIndex
CREATE UNIQUE INDEX "member_shop_referral_code_key" ON "member"("shop", "referral_code");

