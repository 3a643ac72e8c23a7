namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>A fact that needs PostgreSQL: skipped, saying how to get one, where there is none.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.UnavailableReason is { } reason) Skip = reason;
    }
}
