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
        services.AddSingleton<IReadinessProbe>(sp => new TenantStoreProbe(sp.GetRequiredService<SqlTenantDirectory>()));
        services.AddSingleton<IReadinessProbe, SiloProbe>();
        services.AddProblemDetails();
        // Far above MaxUrlLength: a longer URL then reaches RefuseLongUrls, which answers with a problem detail.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestLineSize = 256 * 1024);
        // A query or route value of the wrong type then throws, and the problem mapping names the parameter and the
        // value; left off outside Development, the framework answers a bare 400 that says nothing.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1");
        ApiTelemetry.Add(services, options.Telemetry);
        return builder;
    }

    public static WebApplication UseMtlAttackApi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A refused request (4xx) is the caller's mistake, not the service's: the handler logs it in one line at
            // information level. A dependency that is down (503) is one warning line per request, not a stack trace
            // each: an outage of minutes would bury the log. Only failures of the service itself keep the
            // middleware's error entry with its stack trace.
            SuppressDiagnosticsCallback = c => ProblemMapping.For(c.Exception).Status is < 500 or StatusCodes.Status503ServiceUnavailable,
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var problem = ProblemMapping.For(error ?? new InvalidOperationException());
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("MtlAttack.Api");
                if (problem.Status < 500)
                    logger.LogInformation("Request {Method} {Path} refused: {Status} {Detail}", context.Request.Method,
                        EchoedInput.Shorten(context.Request.Path.Value), problem.Status, problem.Detail);
                context.Response.StatusCode = problem.Status;
                if (problem.Status == StatusCodes.Status503ServiceUnavailable)
                {
                    logger.LogWarning("Request {Method} {Path} not served: {Detail}", context.Request.Method,
                        EchoedInput.Shorten(context.Request.Path.Value), problem.Detail);
                    // Clients that honour it (the SDK's wait does) come back after a pause rather than at once.
                    context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await Results.Problem(title: problem.Title, detail: problem.Detail, statusCode: problem.Status).ExecuteAsync(context);
            },
        });
        app.Use(RefuseLongUrls);
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

    /// <summary>The <c>Retry-After</c> of a 503: a dependency that is down is retried by the service itself every few seconds.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// The longest URL (path and query) the API takes. Kestrel's own limit is raised well above it (<see cref="AddMtlAttackApi"/>),
    /// because Kestrel answers a request line over its limit with an empty 414 before any of this code runs; here the
    /// answer is a problem detail that says what to do instead.
    /// </summary>
    public const int MaxUrlLength = 8 * 1024;

    private static Task RefuseLongUrls(HttpContext context, RequestDelegate next)
    {
        int length = (context.Request.Path.Value?.Length ?? 0) + (context.Request.QueryString.Value?.Length ?? 0);
        if (length <= MaxUrlLength) return next(context);
        throw new HttpProblemException(StatusCodes.Status414UriTooLong,
            $"The URL is {length:N0} characters long; this API takes up to {MaxUrlLength:N0}. Send long lists in a request body, or fewer ids at once.");
    }
}
