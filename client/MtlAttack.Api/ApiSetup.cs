using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using MtlAttack.Api.Endpoints;
using MtlAttack.Api.Health;
using MtlAttack.Api.Telemetry;
using MtlAttack.Api.Tenancy;
using MtlAttack.Api.Uploads;

namespace MtlAttack.Api;

/// <summary>
/// The API's services and request pipeline. It needs an <see cref="IGrainFactory"/>: an Orleans client in the API
/// process, or the silo itself when both run in one process (<c>mtlattack serve</c>).
/// </summary>
public static class ApiSetup
{
    public static IHostApplicationBuilder AddMtlAttackApi(this IHostApplicationBuilder builder)
    {
        var options = new ApiOptions();
        builder.Configuration.GetSection(ApiOptions.Section).Bind(options);
        var services = builder.Services;
        services.Configure<ApiOptions>(builder.Configuration.GetSection(ApiOptions.Section));
        services.AddSingleton(_ => SqlTenantDirectory.FromOptions(options.Tenants));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CallerTenant>();
        services.AddHostedService<UploadStagingSweep>();
        services.AddSingleton<IReadinessProbe>(sp => new TenantStoreProbe(sp.GetRequiredService<ITenantDirectory>()));
        services.AddSingleton<IReadinessProbe, SiloProbe>();
        services.AddProblemDetails();
        // A query or route value of the wrong type then throws, and the problem mapping names the parameter and the
        // value; left off outside Development, the framework answers a bare 400 that says nothing.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1");
        ApiTelemetry.Add(services, options.Telemetry);
        return builder;
    }

    public static WebApplication UseMtlAttackApi(this WebApplication app)
    {
        app.UseExceptionHandler(errors => errors.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var problem = ProblemMapping.For(error ?? new InvalidOperationException());
            if (problem.Status >= 500 && error is not null)
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("MtlAttack.Api").LogError(error, "Request {Path} failed", context.Request.Path);
            context.Response.StatusCode = problem.Status;
            await Results.Problem(title: problem.Title, detail: problem.Detail, statusCode: problem.Status).ExecuteAsync(context);
        }));
        app.UseStatusCodePages(async status =>
        {
            var (code, request) = (status.HttpContext.Response.StatusCode, status.HttpContext.Request);
            string detail = code == StatusCodes.Status415UnsupportedMediaType
                ? $"{request.Method} {request.Path} does not take '{request.ContentType ?? "no content type"}': POST /v1/evaluations takes application/json, POST /v1/models multipart/form-data."
                : $"No resource at {request.Method} {request.Path}; see /openapi/v1.json for the endpoints.";
            await Results.Problem(statusCode: code, title: ProblemMapping.TitleOf(code), detail: detail).ExecuteAsync(status.HttpContext);
        });

        app.MapOpenApi();
        var v1 = app.MapGroup("/v1");
        HealthEndpoints.Map(v1);
        var guarded = v1.MapGroup("").AddEndpointFilter<CallerTenant>().ProducesProblem(StatusCodes.Status401Unauthorized);
        ModelEndpoints.Map(guarded);
        EvaluationEndpoints.Map(guarded);
        ReportEndpoints.Map(guarded);
        return app;
    }
}
