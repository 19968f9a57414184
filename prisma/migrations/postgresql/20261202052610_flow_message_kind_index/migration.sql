-- CreateIndex
CREATE INDEX "flow_message_shop_flow_kind_sent_at_idx" ON "flow_message"("shop", "flow_kind", "sent_at");

