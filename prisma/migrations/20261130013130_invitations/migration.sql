-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "accountsVersion" TEXT;

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "consentWaivedBy" TEXT,
    "consentWaivedAt" DATETIME,
    "remindAfterDays" INTEGER,
    "remindMax" INTEGER NOT NULL DEFAULT 0,
    "origin" TEXT NOT NULL DEFAULT 'app',
    "instantCounts" TEXT,
    "jobId" TEXT,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sent',
    "locale" TEXT,
    "sentAt" DATETIME NOT NULL,
    "lastSentAt" DATETIME NOT NULL,
    "reminders" INTEGER NOT NULL DEFAULT 0,
    "acceptedAt" DATETIME,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "firstClickAt" DATETIME
);

-- CreateTable
CREATE TABLE "MessageTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MailSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "security" TEXT NOT NULL,
    "user" TEXT,
    "passwordSealed" TEXT,
    "fromAddress" TEXT NOT NULL,
    "fromName" TEXT,
    "noticeAddress" TEXT,
    "verifiedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InvitationSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "autoInvite" BOOLEAN NOT NULL DEFAULT false,
    "recentDays" INTEGER NOT NULL DEFAULT 30,
    "remindAfterDays" INTEGER,
    "remindMax" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AudienceUpload" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "sealed" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'uploaded',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Campaign_shop_createdAt_idx" ON "Campaign"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Campaign_shop_origin_idx" ON "Campaign"("shop", "origin");

-- CreateIndex
CREATE INDEX "Invitation_shop_customerId_idx" ON "Invitation"("shop", "customerId");

-- CreateIndex
CREATE INDEX "Invitation_shop_campaignId_status_idx" ON "Invitation"("shop", "campaignId", "status");

-- CreateIndex
CREATE INDEX "Invitation_shop_status_lastSentAt_idx" ON "Invitation"("shop", "status", "lastSentAt");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_campaignId_customerId_key" ON "Invitation"("campaignId", "customerId");

-- CreateIndex
CREATE INDEX "MessageTemplate_shop_kind_idx" ON "MessageTemplate"("shop", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "MessageTemplate_shop_kind_locale_name_key" ON "MessageTemplate"("shop", "kind", "locale", "name");

-- CreateIndex
CREATE INDEX "AudienceUpload_shop_createdAt_idx" ON "AudienceUpload"("shop", "createdAt");

