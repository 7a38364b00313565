"""A class's gradebook: per-student results JSON in, CSV / Canvas / Moodle / PNG out."""
