"""Caseworkers' referrals of young people and families, with consent."""
