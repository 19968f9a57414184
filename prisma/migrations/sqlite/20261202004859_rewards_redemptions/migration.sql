-- CreateTable
CREATE TABLE "reward" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "archived_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "redemption" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "ends_at" DATETIME NOT NULL,
    "used_order_gid" TEXT,
    "used_at" DATETIME,
    "returned_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
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
    "installed_at" DATETIME,
    "uninstalled_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);
INSERT INTO "new_shop" ("award_historic_points", "contact_email", "created_at", "currency", "domain", "earn_on_test_orders", "earn_per_major_units", "earn_points", "facts_synced_at", "installed_at", "name", "plan_name", "primary_domain", "reconciled_until", "shop_gid", "status", "timezone", "uninstalled_at", "updated_at") SELECT "award_historic_points", "contact_email", "created_at", "currency", "domain", "earn_on_test_orders", "earn_per_major_units", "earn_points", "facts_synced_at", "installed_at", "name", "plan_name", "primary_domain", "reconciled_until", "shop_gid", "status", "timezone", "uninstalled_at", "updated_at" FROM "shop";
DROP TABLE "shop";
ALTER TABLE "new_shop" RENAME TO "shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

