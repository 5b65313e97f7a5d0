-- AlterEnum
ALTER TYPE "PeriodType" ADD VALUE 'AD_HOC';
