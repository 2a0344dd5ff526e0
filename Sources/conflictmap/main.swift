print("conflictmap")
