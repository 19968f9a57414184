-- AlterTable
ALTER TABLE "shop" ADD COLUMN     "return_expired_codes" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "rewards_seeded_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "reward" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "points_cost" INTEGER NOT NULL,
    "value_minor" INTEGER,
    "percent_bps" INTEGER,
    "collection_gid" TEXT,
    "variant_gid" TEXT,
    "variant_title" TEXT,
    "min_points" INTEGER,
    "max_points" INTEGER,
    "currency" TEXT NOT NULL,
    "min_order_minor" INTEGER,
    "lifetime_days" INTEGER NOT NULL DEFAULT 30,
    "combines_order" BOOLEAN NOT NULL DEFAULT false,
    "combines_product" BOOLEAN NOT NULL DEFAULT false,
    "combines_shipping" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "reward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "redemption" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "customer_gid" TEXT NOT NULL,
    "buyer_gid" TEXT NOT NULL,
    "reward_id" INTEGER NOT NULL,
    "reward_json" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "value_minor" INTEGER,
    "currency" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "discount_gid" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "ends_at" TIMESTAMP(3) NOT NULL,
    "used_order_gid" TEXT,
    "used_at" TIMESTAMP(3),
    "returned_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "redemption_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reward_shop_position_idx" ON "reward"("shop", "position");

-- CreateIndex
CREATE INDEX "redemption_shop_status_ends_at_idx" ON "redemption"("shop", "status", "ends_at");

-- CreateIndex
CREATE INDEX "redemption_shop_created_at_idx" ON "redemption"("shop", "created_at");

-- CreateIndex
CREATE INDEX "redemption_shop_customer_gid_idx" ON "redemption"("shop", "customer_gid");

-- CreateIndex
CREATE UNIQUE INDEX "redemption_shop_buyer_gid_idempotency_key_key" ON "redemption"("shop", "buyer_gid", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "redemption_shop_code_key" ON "redemption"("shop", "code");

