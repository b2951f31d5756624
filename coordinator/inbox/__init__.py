"""Each role's task inbox: named, linked items that need this person now, oldest first.

A feature adds what its users must act on by registering a provider in one line
(`registry.register(Role.COORDINATOR)(my_provider)` or as a decorator); the home page asks
`registry.items_for(user, today)`. The built-in providers live in `providers`.
"""
