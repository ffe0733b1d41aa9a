-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "bulkSubmittedAt" TIMESTAMP(3),
ADD COLUMN     "runnerId" TEXT,
ADD COLUMN     "runnerUntil" TIMESTAMP(3);
