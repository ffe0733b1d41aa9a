-- CreateTable
CREATE TABLE "MilitaryAddress" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "foundAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fixedAt" DATETIME
);

-- CreateTable
CREATE TABLE "AddressScan" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "read" INTEGER NOT NULL DEFAULT 0,
    "checked" INTEGER NOT NULL DEFAULT 0,
    "military" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AddressSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "reviewTag" TEXT NOT NULL DEFAULT 'military-address-review',
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "MilitaryAddress_shop_foundAt_idx" ON "MilitaryAddress"("shop", "foundAt");

-- CreateIndex
CREATE INDEX "MilitaryAddress_shop_customerId_idx" ON "MilitaryAddress"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "MilitaryAddress_shop_addressId_key" ON "MilitaryAddress"("shop", "addressId");

