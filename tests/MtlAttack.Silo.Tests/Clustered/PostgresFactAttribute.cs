namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>A fact that needs PostgreSQL: skipped, saying how to get one, where there is none.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.UnavailableReason is { } reason) Skip = reason;
    }
}

/// <summary>
/// A fact that starts, stops and restarts a PostgreSQL server of its own, so it needs the installed binaries whatever
/// <see cref="TestPostgres.Variable"/> says; skipped, saying how to get them, where there are none.
/// </summary>
public sealed class PrivatePostgresFactAttribute : FactAttribute
{
    public PrivatePostgresFactAttribute() => Skip = PrivatePostgresServer.MissingBinariesReason;
}

/// <summary>The theory form of <see cref="PrivatePostgresFactAttribute"/>.</summary>
public sealed class PrivatePostgresTheoryAttribute : TheoryAttribute
{
    public PrivatePostgresTheoryAttribute() => Skip = PrivatePostgresServer.MissingBinariesReason;
}
