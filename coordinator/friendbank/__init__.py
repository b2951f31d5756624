"""The friend bank (vennebank): young people matched with each other."""
