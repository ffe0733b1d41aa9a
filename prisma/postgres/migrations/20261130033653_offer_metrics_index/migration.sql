-- DropIndex
DROP INDEX "OfferEvent_shop_automationId_at_idx";

-- CreateIndex
CREATE INDEX "OfferEvent_metrics_idx" ON "OfferEvent"("shop", "automationId", "at", "kind", "amountMinor", "currencyCode", "customerId", "orderId", "sourceId");

