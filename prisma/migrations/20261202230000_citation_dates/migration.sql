-- Citations completed with the dates read in the guidance that quotes them: Hướng dẫn 01-HD/TW of
-- the Secretariat is of 28/9/2021 (as the Bình Thuận bloc handbook on recognition cites it).
UPDATE "regulation_values" SET "source" = replace("source", 'Hướng dẫn 01-HD/TW (2021)', 'Hướng dẫn 01-HD/TW (28/9/2021)')
WHERE "source" LIKE '%Hướng dẫn 01-HD/TW (2021)%';
UPDATE "discipline_authorities" SET "source" = replace("source", 'Hướng dẫn 01-HD/TW (2021)', 'Hướng dẫn 01-HD/TW (28/9/2021)')
WHERE "source" LIKE '%Hướng dẫn 01-HD/TW (2021)%';
UPDATE "commendation_authorities" SET "source" = replace("source", 'Hướng dẫn 01-HD/TW (2021)', 'Hướng dẫn 01-HD/TW (28/9/2021)')
WHERE "source" LIKE '%Hướng dẫn 01-HD/TW (2021)%';
