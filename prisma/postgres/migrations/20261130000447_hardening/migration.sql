-- AlterTable
ALTER TABLE "ComplianceRequest" ADD COLUMN     "export" TEXT;

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "errorCode" TEXT;

-- AlterTable
ALTER TABLE "JobItem" ADD COLUMN     "bulkLine" INTEGER,
ADD COLUMN     "settleAfter" TIMESTAMP(3);

-- DropTable
DROP TABLE "WebhookEvent";

-- CreateTable
CREATE TABLE "WorkerProcess" (
    "id" TEXT NOT NULL,
    "boot" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkerProcess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JobItem_jobId_bulkLine_idx" ON "JobItem"("jobId", "bulkLine");

