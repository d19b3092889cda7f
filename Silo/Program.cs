using Loom.Samples.Ledger;
using Loom.Silo.Hosting;
using Loom.Silo.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddLoomSilo(typeof(Transfer).Assembly);
builder.Services.AddLoomHttpApi();

var app = builder.Build();
app.MapLoomHttpApi();
app.Run();
