using System.Diagnostics;
using MtlAttack.Core.Telemetry;
using MtlAttack.Grains.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MtlAttack.Grains.Tests;

[Collection(ServiceClusterCollection.Name)]
public class TracingTests(ServiceCluster service)
{
    private static readonly ActivitySource Caller = new("MtlAttack.Grains.Tests");

    [Fact]
    public async Task TheSpansOfOneEvaluationShareTheCallersTraceId()
    {
        var spans = new ExportedSpans();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Caller.Name, GrainTelemetry.SourceName, CoreTelemetry.SourceName, "Microsoft.Orleans.Application")
            .AddInMemoryExporter(spans)
            .Build();
        // A checkpoint of its own, so that its model load happens inside this trace.
        string checkpoint = TinyModels.Save(Path.Combine(service.Folder, "traced"), seed: 9);
        var tenant = service.Client.GetGrain<ITenantGrain>("traced");

        string id;
        ActivityTraceId trace;
        using (var root = Caller.StartActivity("caller")!)
        {
            trace = root.TraceId;
            await tenant.RegisterModel("m", checkpoint);
            id = await tenant.StartEvaluation(service.Request(ModelKey.Create("traced", "m"), r => { r.Algorithms = ["fgsm"]; r.Objectives = ["dgba"]; }));
        }
        var evaluation = service.Client.GetGrain<IEvaluationGrain>(id);
        while (!(await evaluation.GetStatus()).IsFinished) await Task.Delay(50);
        // The evaluation span ends just after the state turns Completed.
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline && !Exported(GrainTelemetry.Spans.Evaluation); await Task.Delay(20))
            tracing.ForceFlush();
        bool Exported(string name) => spans.Snapshot().Any(s => s.OperationName == name && s.GetTagItem("mtlattack.evaluation") as string == id);

        List<Activity> Ours(string name) => spans.Snapshot().Where(s => s.OperationName == name)
            .Where(s => s.GetTagItem("mtlattack.evaluation") as string == id
                     || (s.GetTagItem("mtlattack.shard") as string)?.StartsWith(id + "/", StringComparison.Ordinal) == true
                     || s.GetTagItem("mtlattack.checkpoint") as string == Path.GetFullPath(checkpoint)).ToList();
        var load = Assert.Single(Ours(GrainTelemetry.Spans.ModelLoad));
        var run = Assert.Single(Ours(GrainTelemetry.Spans.Evaluation));
        var batches = Ours(GrainTelemetry.Spans.AttackBatch);
        Assert.Equal(4, batches.Count); // clean + one cell, 2 batches each
        Assert.All(batches.Append(run).Append(load), s => Assert.Equal(trace, s.TraceId));

        // Down into the library: each batch's Core work, and the checkpoint read, are children of the grains' spans.
        var exported = spans.Snapshot();
        Assert.All(batches, batch => Assert.Single(exported, s =>
            s.OperationName == CoreTelemetry.Spans.EvaluateBatch && s.TraceId == trace && s.ParentSpanId == batch.SpanId));
        // The cell's attack on each of its 2 batches, and the noise baseline drawn with each of the 2 clean batches.
        var attacks = exported.Where(s => s.OperationName == CoreTelemetry.Spans.Attack && s.TraceId == trace).ToList();
        Assert.Equal(4, attacks.Count);
        Assert.Equal(2, attacks.Count(s => (s.GetTagItem("mtlattack.attack") as string)?.StartsWith("noise-", StringComparison.Ordinal) == true));
        Assert.Single(exported, s => s.OperationName == CoreTelemetry.Spans.LoadNetwork && s.ParentSpanId == load.SpanId);
    }
}
