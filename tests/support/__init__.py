"""What several test tiers share: ids, keys, payload builders, topic readers. Imports no tier's tests."""
