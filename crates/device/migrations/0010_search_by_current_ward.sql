-- A household made in a unit merged on 1/7/2025 is found by the name of the
-- ward it is part of now, too: its search text gets that name, folded. A
-- current ward's code is its folded name, upper case, with dashes
-- ("QY-HA-AN" for Hà An), and an old unit's code is its own name the same
-- way with its era ("QY-HOANG-TAN-2011"); where the two names are the same
-- (the old Hà An in the new), nothing is added.
UPDATE households
SET search_text = search_text || ' ' || (
    SELECT lower(replace(substr(u.merged_into, 4), '-', ' '))
    FROM admin_units u WHERE u.code = households.admin_unit_code
)
WHERE admin_unit_code IN (
    SELECT code FROM admin_units
    WHERE merged_into IS NOT NULL
      AND substr(code, 4, length(code) - 8) != substr(merged_into, 4)
);
