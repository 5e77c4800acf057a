"""The Vietnamese pipeline: normalise → segment → recognise → link → indicators."""
