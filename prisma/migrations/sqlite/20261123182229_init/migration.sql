-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "currency" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "status" TEXT NOT NULL DEFAULT 'active',
    "earn_points" INTEGER NOT NULL DEFAULT 1,
    "earn_per_major_units" INTEGER NOT NULL DEFAULT 1,
    "earn_on_test_orders" BOOLEAN NOT NULL DEFAULT false,
    "installed_at" DATETIME,
    "uninstalled_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "webhook_event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "webhook_id" TEXT,
    "event_id" TEXT,
    "api_version" TEXT,
    "triggered_at" TEXT,
    "received_at" DATETIME NOT NULL,
    "body" TEXT,
    "deliveries" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" DATETIME NOT NULL,
    "locked_until" DATETIME,
    "locked_by" TEXT,
    "last_error" TEXT,
    "processed_at" DATETIME,
    "customer_gid" TEXT,
    "customer_email" TEXT
);

-- CreateTable
CREATE TABLE "member" (
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
    "profile_updated_at" TEXT,
    "joined_at" DATETIME NOT NULL,
    "retired_at" DATETIME,
    "redacted_at" DATETIME
);

-- CreateTable
CREATE TABLE "ledger_entry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customer_gid" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "order_gid" TEXT,
    "refund_gid" TEXT,
    "caused_by" TEXT NOT NULL,
    "reason" TEXT,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ledger_entry_line" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "entry_id" INTEGER NOT NULL,
    "line_gid" TEXT NOT NULL,
    "eligible_minor" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "order_record" (
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

-- CreateTable
CREATE TABLE "checkout" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "cart_token" TEXT,
    "customer_gid" TEXT,
    "email" TEXT,
    "recovery_url" TEXT,
    "currency" TEXT,
    "total_minor" INTEGER,
    "lines_json" TEXT NOT NULL DEFAULT '[]',
    "completed_at" TEXT,
    "checkout_updated_at" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "privacy_request" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "customer_gid" TEXT,
    "data_json" TEXT,
    "summary" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "webhook_event_status_next_attempt_at_idx" ON "webhook_event"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_event_shop_customer_gid_idx" ON "webhook_event"("shop", "customer_gid");

-- CreateIndex
CREATE INDEX "webhook_event_received_at_idx" ON "webhook_event"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_event_shop_topic_dedupe_key_key" ON "webhook_event"("shop", "topic", "dedupe_key");

-- CreateIndex
CREATE INDEX "member_shop_email_idx" ON "member"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "member_shop_customer_gid_key" ON "member"("shop", "customer_gid");

-- CreateIndex
CREATE INDEX "ledger_entry_shop_customer_gid_id_idx" ON "ledger_entry"("shop", "customer_gid", "id");

-- CreateIndex
CREATE INDEX "ledger_entry_shop_order_gid_idx" ON "ledger_entry"("shop", "order_gid");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entry_shop_idempotency_key_key" ON "ledger_entry"("shop", "idempotency_key");

-- CreateIndex
CREATE INDEX "ledger_entry_line_shop_entry_id_idx" ON "ledger_entry_line"("shop", "entry_id");

-- CreateIndex
CREATE INDEX "order_record_shop_customer_gid_idx" ON "order_record"("shop", "customer_gid");

-- CreateIndex
CREATE UNIQUE INDEX "order_record_shop_order_gid_key" ON "order_record"("shop", "order_gid");

-- CreateIndex
CREATE INDEX "checkout_shop_customer_gid_idx" ON "checkout"("shop", "customer_gid");

-- CreateIndex
CREATE INDEX "checkout_shop_email_idx" ON "checkout"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "checkout_shop_token_key" ON "checkout"("shop", "token");

-- CreateIndex
CREATE INDEX "privacy_request_shop_created_at_idx" ON "privacy_request"("shop", "created_at");

