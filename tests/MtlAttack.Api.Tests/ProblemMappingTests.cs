using MtlAttack.Abstractions;
using MtlAttack.Api.Endpoints;

namespace MtlAttack.Api.Tests;

public class ProblemMappingTests
{
    [Theory]
    [InlineData(MtlAttackErrorKind.InvalidRequest, 400)]
    [InlineData(MtlAttackErrorKind.NotFound, 404)]
    [InlineData(MtlAttackErrorKind.Conflict, 409)]
    [InlineData(MtlAttackErrorKind.QuotaExceeded, 429)]
    [InlineData(MtlAttackErrorKind.Unavailable, 503)]
    public void EveryRefusalKindHasItsStatusAndKeepsItsMessage(MtlAttackErrorKind kind, int status)
    {
        var problem = ProblemMapping.For(new MtlAttackException("what to change", kind));
        Assert.Equal(status, problem.Status);
        Assert.Equal("what to change", problem.Detail);
    }

    [Fact]
    public void AnUnusableStateDatabaseIsA503ThatNamesItAndSaysWhatItsDriverReported()
    {
        var error = new InvalidOperationException("Cannot open the tenant store", new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432"));
        var problem = ProblemMapping.For(error);
        Assert.Equal(503, problem.Status);
        Assert.Contains("PostgreSQL", problem.Detail);
        Assert.Contains("Failed to connect to 127.0.0.1:5432", problem.Detail);
    }

    [Fact]
    public void FailuresOfTheServiceItselfSayNothingAboutTheirInsides()
    {
        var problem = ProblemMapping.For(new NullReferenceException("secret internals"));
        Assert.Equal(500, problem.Status);
        Assert.Null(problem.Detail);
    }
}
