"""Editions of the kit: what students get, what an autograder grades with; CI templates."""
