using Microsoft.Extensions.Logging;
using MtlAttack.Api.Storage;
using MtlAttack.Grains.Tests;

namespace MtlAttack.Api.Tests;

public sealed class BlobFoldersTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void OnlyAFolderBeneathTheGivenOneIsDeleted()
    {
        var options = new ApiOptions { BlobPath = root.Sub("blobs") };
        string tenantFolder = BlobFolders.Evaluations(options, "acme");
        string ours = Directory.CreateDirectory(BlobFolders.NewEvaluation(options, "acme")).FullName;
        File.WriteAllText(Path.Combine(ours, "report.json"), "{}");
        string elsewhere = Directory.CreateDirectory(root.Sub("a-silos-own-disk")).FullName;
        string otherTenant = Directory.CreateDirectory(BlobFolders.NewEvaluation(options, "other")).FullName;
        var logger = new RecordingLogger();

        foreach (var directory in new[] { elsewhere, otherTenant, tenantFolder, null })
            BlobFolders.DeleteIfBeneath(tenantFolder, directory, logger);
        BlobFolders.DeleteIfBeneath(tenantFolder, ours, logger);

        Assert.False(Directory.Exists(ours));
        Assert.True(Directory.Exists(elsewhere));
        Assert.True(Directory.Exists(otherTenant));
        Assert.True(Directory.Exists(tenantFolder));
        Assert.Empty(logger.Warnings);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning) Warnings.Add(formatter(state, exception));
        }
    }
}
