global using System.Net;
global using System.Net.Http.Json;
global using Microsoft.AspNetCore.Mvc.Testing;
global using MtlAttack.Client;
global using MtlAttack.Api.Contracts;
