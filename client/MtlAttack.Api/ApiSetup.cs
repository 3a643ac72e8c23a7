using System.Reflection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MtlAttack.Api;

/// <summary>Service registration and the request pipeline: every error leaves as an RFC 7807 problem detail.</summary>
public static class ApiSetup
{
    public static IServiceCollection AddMtlAttackApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi("v1");
        return services;
    }

    public static WebApplication UseMtlAttackApi(this WebApplication app)
    {
        app.UseExceptionHandler(errors => errors.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, title) = error switch
            {
                ArgumentException or FormatException => (StatusCodes.Status400BadRequest, "The request is invalid"),
                KeyNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
                _ => (StatusCodes.Status500InternalServerError, "The server failed to process the request"),
            };
            context.Response.StatusCode = status;
            await Results.Problem(title: title, detail: status < 500 ? error?.Message : null, statusCode: status).ExecuteAsync(context);
        }));
        app.UseStatusCodePages(async status =>
            await Results.Problem(statusCode: status.HttpContext.Response.StatusCode,
                detail: $"No resource at {status.HttpContext.Request.Path}; see /openapi/v1.json for the endpoints.").ExecuteAsync(status.HttpContext));

        app.MapOpenApi();
        var v1 = app.MapGroup("/v1");
        v1.MapGet("/health", Health).WithName("GetHealth");
        return app;
    }

    private static Ok<HealthResponse> Health() =>
        TypedResults.Ok(new HealthResponse("ok", typeof(ApiSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown"));
}

public sealed record HealthResponse(string Status, string Version);
