-- The extension of a member suspension (gia hạn đình chỉ sinh hoạt), up to 180 days in all.
ALTER TYPE "MemberEventType" ADD VALUE 'SUSPENSION_EXTENDED' AFTER 'SUSPENDED';
