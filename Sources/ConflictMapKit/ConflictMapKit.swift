// ConflictMapKit
