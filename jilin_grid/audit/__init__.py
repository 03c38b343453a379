"""The audit trail: who changed what, when, from where, in which area, with which role.

django-auditlog records every model's creates, updates and deletes through signals into one
table (``AuditEntry``, this package's model). This package adds what the portal needs on top:
the area code and the actor's role on every entry (for scoping), the request's user and address
(``AuditMiddleware``), the services' bulk writes (``audited_update``), logins, lockouts, exports
and downloads (``record_event``), the pages, and the archive-then-prune retention.
"""
