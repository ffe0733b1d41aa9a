-- CreateTable
CREATE TABLE "MilitaryAddress" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "addressId" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "address1" TEXT,
    "address2" TEXT,
    "city" TEXT,
    "provinceCode" TEXT,
    "countryCode" TEXT,
    "zip" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "error" TEXT,
    "foundAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fixedAt" TIMESTAMP(3),

    CONSTRAINT "MilitaryAddress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AddressScan" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "read" INTEGER NOT NULL DEFAULT 0,
    "checked" INTEGER NOT NULL DEFAULT 0,
    "military" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AddressScan_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "AddressSettings" (
    "shop" TEXT NOT NULL,
    "reviewTag" TEXT NOT NULL DEFAULT 'military-address-review',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AddressSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "MilitaryAddress_shop_foundAt_idx" ON "MilitaryAddress"("shop", "foundAt");

-- CreateIndex
CREATE INDEX "MilitaryAddress_shop_customerId_idx" ON "MilitaryAddress"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "MilitaryAddress_shop_addressId_key" ON "MilitaryAddress"("shop", "addressId");

