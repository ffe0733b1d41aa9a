-- AlterTable
ALTER TABLE "ComplianceRequest" ADD COLUMN     "webhookId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ComplianceRequest_shop_webhookId_key" ON "ComplianceRequest"("shop", "webhookId");

