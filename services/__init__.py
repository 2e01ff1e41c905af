"""Operations that change the database on behalf of a person (no Flask imports here)."""
