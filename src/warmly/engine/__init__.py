"""Pure engines of the daily agenda: strength, circles, reasons, planner, schedule, drafts.

Every engine takes typed values (and the clock, config and randomness) and returns
typed values; nothing here reads the database or the workspace.
"""
