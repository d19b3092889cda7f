using Loom.Samples.Ledger;
using Loom.Samples.Statements;
using Loom.Silo.Hosting;
using Loom.Silo.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddLoomSilo(typeof(Transfer).Assembly);
builder.Services.AddStatementRuns();
builder.Services.AddLoomHttpApi();

var app = builder.Build();
app.MapLoomHttpApi();
app.Run();
