-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "audienceCursor" TEXT;

