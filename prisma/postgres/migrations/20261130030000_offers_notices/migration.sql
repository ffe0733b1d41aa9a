-- AlterTable
ALTER TABLE "MailSettings" ADD COLUMN     "noticeLocale" TEXT;

-- AlterTable
ALTER TABLE "OfferOrder" ADD COLUMN     "jobId" TEXT;

