global using MtlAttack.Client;
global using MtlAttack.Api.Contracts;
global using MtlAttack.Testing;
global using System.Net;
