-- 0007 is reserved for the search branch (indexes only). This placeholder
-- keeps the numbers without gaps until that branch is merged: delete this
-- file then (the loader refuses two migrations numbered 0007).
SELECT 1;
