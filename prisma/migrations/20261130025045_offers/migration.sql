-- CreateTable
CREATE TABLE "OfferAutomation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "suspendedReason" TEXT,
    "suspendedAt" DATETIME,
    "discountKind" TEXT NOT NULL,
    "value" TEXT,
    "currencyCode" TEXT NOT NULL,
    "codeMode" TEXT NOT NULL,
    "discountId" TEXT,
    "code" TEXT,
    "validityDays" INTEGER NOT NULL DEFAULT 30,
    "minimumSubtotal" TEXT,
    "qualifies" TEXT NOT NULL DEFAULT 'any_order',
    "qualifyAmount" TEXT,
    "oncePerCustomer" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "IssuedOffer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'issuing',
    "code" TEXT,
    "discountId" TEXT,
    "discountKind" TEXT NOT NULL,
    "value" TEXT,
    "currencyCode" TEXT NOT NULL,
    "minimumSubtotal" TEXT,
    "endsAt" DATETIME NOT NULL,
    "error" TEXT,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" DATETIME
);

-- CreateTable
CREATE TABLE "OfferEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "offerId" TEXT,
    "kind" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "customerId" TEXT,
    "amountMinor" INTEGER NOT NULL DEFAULT 0,
    "currencyCode" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OfferOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "handledAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateIndex
CREATE INDEX "OfferAutomation_shop_status_idx" ON "OfferAutomation"("shop", "status");

-- CreateIndex
CREATE INDEX "IssuedOffer_shop_orderId_idx" ON "IssuedOffer"("shop", "orderId");

-- CreateIndex
CREATE INDEX "IssuedOffer_shop_customerId_idx" ON "IssuedOffer"("shop", "customerId");

-- CreateIndex
CREATE INDEX "IssuedOffer_shop_automationId_status_idx" ON "IssuedOffer"("shop", "automationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "IssuedOffer_automationId_orderId_key" ON "IssuedOffer"("automationId", "orderId");

-- CreateIndex
CREATE INDEX "OfferEvent_shop_automationId_at_idx" ON "OfferEvent"("shop", "automationId", "at");

-- CreateIndex
CREATE INDEX "OfferEvent_shop_at_idx" ON "OfferEvent"("shop", "at");

-- CreateIndex
CREATE UNIQUE INDEX "OfferEvent_shop_automationId_kind_sourceId_key" ON "OfferEvent"("shop", "automationId", "kind", "sourceId");

