using MtlAttack.Api;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMtlAttackApi();
var app = builder.Build();
app.UseMtlAttackApi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
