-- CreateTable
CREATE TABLE "OfferAutomation" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "suspendedReason" TEXT,
    "suspendedAt" TIMESTAMP(3),
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OfferAutomation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IssuedOffer" (
    "id" TEXT NOT NULL,
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
    "endsAt" TIMESTAMP(3) NOT NULL,
    "error" TEXT,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "IssuedOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "offerId" TEXT,
    "kind" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "customerId" TEXT,
    "amountMinor" INTEGER NOT NULL DEFAULT 0,
    "currencyCode" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "handledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferOrder_pkey" PRIMARY KEY ("shop","orderId")
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

