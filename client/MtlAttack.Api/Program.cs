using MtlAttack.Api;
using MtlAttack.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddMtlAttackClusterClient();
builder.AddMtlAttackApi();
var app = builder.Build();
app.UseMtlAttackApi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
