-- CreateTable
CREATE TABLE "ActivityEntry" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "staff" TEXT,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "details" TEXT NOT NULL DEFAULT '{}',
    "jobId" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActivityEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TagOperation" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "audience" TEXT,
    "jobId" TEXT,
    "undoOf" TEXT,
    "undoneBy" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TagOperation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerDeletion" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "jobId" TEXT,
    "backupStatus" TEXT NOT NULL DEFAULT 'none',
    "backupError" TEXT,
    "backupCount" INTEGER NOT NULL DEFAULT 0,
    "backupExpiresAt" TIMESTAMP(3),
    "confirmedBy" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerDeletion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerBackupRecord" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "deletionId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "sealed" TEXT NOT NULL,

    CONSTRAINT "CustomerBackupRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerSettings" (
    "shop" TEXT NOT NULL,
    "backupDays" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "ActivityEntry_shop_at_idx" ON "ActivityEntry"("shop", "at");

-- CreateIndex
CREATE INDEX "TagOperation_shop_createdAt_idx" ON "TagOperation"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "CustomerDeletion_shop_createdAt_idx" ON "CustomerDeletion"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "CustomerBackupRecord_shop_customerId_idx" ON "CustomerBackupRecord"("shop", "customerId");

-- CreateIndex
CREATE INDEX "CustomerBackupRecord_deletionId_seq_idx" ON "CustomerBackupRecord"("deletionId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerBackupRecord_deletionId_customerId_key" ON "CustomerBackupRecord"("deletionId", "customerId");

