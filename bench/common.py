"""What the benchmarks share: the secretariat account they act as."""


def bench_secretariat():
    """The account ``bench-kansliet``, a member of the secretariat (made on first use)."""
    from organisations.models import Membership, Organisation, User

    user, created = User.objects.get_or_create(username="bench-kansliet")
    if created:
        Membership.objects.create(
            user=user,
            organisation=Organisation.objects.get(kind="secretariat"),
            role="secretariat",
        )
    return user
