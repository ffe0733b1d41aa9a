-- CreateTable
CREATE TABLE "SpamScan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "jobId" TEXT,
    "expected" INTEGER NOT NULL DEFAULT 0,
    "read" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'reading',
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SpamScore" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "reasons" TEXT NOT NULL,
    "burst" BOOLEAN NOT NULL DEFAULT false,
    "pattern" BOOLEAN NOT NULL DEFAULT false,
    "signedUpAt" INTEGER,
    "burstA" INTEGER,
    "burstB" INTEGER,
    "hourA" INTEGER,
    "hourB" INTEGER,
    "shape" TEXT
);

-- CreateIndex
CREATE INDEX "SpamScan_shop_createdAt_idx" ON "SpamScan"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "SpamScore_shop_scanId_score_idx" ON "SpamScore"("shop", "scanId", "score");

-- CreateIndex
CREATE INDEX "SpamScore_scanId_burstA_idx" ON "SpamScore"("scanId", "burstA");

-- CreateIndex
CREATE INDEX "SpamScore_scanId_burstB_idx" ON "SpamScore"("scanId", "burstB");

-- CreateIndex
CREATE INDEX "SpamScore_scanId_hourA_shape_idx" ON "SpamScore"("scanId", "hourA", "shape");

-- CreateIndex
CREATE INDEX "SpamScore_scanId_hourB_shape_idx" ON "SpamScore"("scanId", "hourB", "shape");

-- CreateIndex
CREATE INDEX "SpamScore_scanId_shape_signedUpAt_idx" ON "SpamScore"("scanId", "shape", "signedUpAt");

-- CreateIndex
CREATE INDEX "SpamScore_scanId_signedUpAt_idx" ON "SpamScore"("scanId", "signedUpAt");

-- CreateIndex
CREATE INDEX "SpamScore_shop_customerId_idx" ON "SpamScore"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "SpamScore_scanId_customerId_key" ON "SpamScore"("scanId", "customerId");

