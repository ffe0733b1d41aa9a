-- AlterTable
ALTER TABLE "ComplianceRequest" ADD COLUMN "export" TEXT;

-- AlterTable
ALTER TABLE "Job" ADD COLUMN "errorCode" TEXT;

-- AlterTable
ALTER TABLE "JobItem" ADD COLUMN "bulkLine" INTEGER;
ALTER TABLE "JobItem" ADD COLUMN "settleAfter" DATETIME;

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "WebhookEvent";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "WorkerProcess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "boot" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "heartbeatAt" DATETIME NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "JobItem_jobId_bulkLine_idx" ON "JobItem"("jobId", "bulkLine");

